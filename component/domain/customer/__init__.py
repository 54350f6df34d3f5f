"""TMF629 Customer."""

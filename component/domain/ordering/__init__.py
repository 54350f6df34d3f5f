"""TMF622 Product Ordering: orders, cancellations, their lifecycles and checks; `macd` applies them to the
installed base."""

"""TMF641 Service Ordering: service orders and cancellations, and the fulfilment port that executes them."""

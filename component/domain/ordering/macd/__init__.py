"""The telecom change operations (moves, adds, changes, disconnects) of a mobile subscription."""

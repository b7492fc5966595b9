"""Load monthly commune figures into the warehouse: command line, sample data, uploads."""

"""ectui: e-commerce development plan targets against actual figures."""

__version__ = "0.1.0"

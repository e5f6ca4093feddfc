"""The customer portal: a self-hosted Reflex app for pool-service companies and their customers."""

__version__ = "0.12.0"  # written into every backup's manifest

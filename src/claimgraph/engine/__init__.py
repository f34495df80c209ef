"""Engines that run the pipeline: local processes (default), Ray (optional)."""

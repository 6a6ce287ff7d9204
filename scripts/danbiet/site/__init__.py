"""The public site: editorial pages through mkdocs-material, record pages straight from data."""

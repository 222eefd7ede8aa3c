"""Spiders, one per platform: councils are data passed to them."""

"""ModernGov (Civica modern.gov): pure functions from pages and XML to items."""

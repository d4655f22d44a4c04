"""Template tags and filters of the browsing pages."""

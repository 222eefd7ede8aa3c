"""The Scrapy project: one spider per council web platform, councils as data."""

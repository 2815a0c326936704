"""provisional"""
from dotterel.ingest._html import extract_page

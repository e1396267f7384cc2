"""docnorm's extractor: decode → clean → segment → parse → normalize → validate → export."""
__version__ = "0.1.0"

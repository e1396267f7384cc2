"""docnorm's extractor: decode → clean → segment → parse → normalize → validate → export."""

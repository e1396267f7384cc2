"""Theme tagging of goal texts (绩效目标): embed → reduce → cluster → label, or assign to a taxonomy.

Heavy dependencies (torch, sentence-transformers) are imported only when a sentence-transformers
embedder is actually used."""

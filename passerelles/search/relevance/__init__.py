"""A judged test collection for the network search: documents written for it, queries with graded
judgments, and the measures (nDCG@10, recall@20, MRR) of the real engine on them (`make relevance`)."""

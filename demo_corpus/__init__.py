"""Demo corpus of POPs Search: original source texts and the builder that turns them into office files."""

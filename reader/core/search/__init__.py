"""Search: a tantivy index per library (engine), and a plain scan while it is being built.

Importing this package is light; ``engine`` (tantivy, numpy) is imported by whoever needs
it, in a worker, after the first paint.
"""

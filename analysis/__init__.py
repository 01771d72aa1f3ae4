"""Pure analysis code for Nansei Watch: loading, validation, filtering, charts.

Nothing in this package imports streamlit, so every function can be tested
without a server and reused by the command line (``python -m analysis.cli``).
"""

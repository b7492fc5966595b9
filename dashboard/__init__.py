"""Shared code of the Streamlit pages: queries, charts, translations, number formats."""

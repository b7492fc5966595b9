"""Commune-map editions of Quảng Ninh: reference units, crosswalks, boundaries, hexagon layout."""

"""The Digital Maturity Assessment (DMA) of the JRC framework used by European Digital
Innovation Hubs: questionnaires as data (questionnaires/*.yaml, read by loader.py), scoring
as plain functions (scoring.py, one assessment; batch.py, many at once with numpy) and a
stateless API (api.py). See docs/maturity.md.
"""

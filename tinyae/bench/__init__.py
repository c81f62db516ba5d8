"""Benchmarks: one training epoch of each model of the source documents, on tinyae and, with
--vs-torch, on PyTorch with the same initial weights and the same batches.

    python -m tinyae.bench [CASE ...] [--backend numpy|cupy] [--vs-torch] [--repeat N] [--samples N]

Benchmarks are measurements, not tests: they print what one run saw.
"""

"""The training log outside: TCX and per-step CSV out, text workouts in (PRODUCT.md §13).

Pure functions over core's records and workouts: no Textual, no aiohttp, no
files. The commands read the log or the file and write the result.
"""

"""
Schedule search (`allo-dse`, DESIGN.md section 13): the search itself,
and the infrastructure it runs on: `runner` (evaluations in this process,
in local processes or on a Dask cluster), `progress` (the progress bar) and
`pareto` (the latency/DSP front, as CSV and as a plot)."""

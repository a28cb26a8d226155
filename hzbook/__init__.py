"""hzbook: the machinery that turns the notebooks of book/ into the Haizhu 2019 book.

One console script, `hzbook` (build, pdf, execute, check, lab, test, translate, lock-min, system), and one
Sphinx extension, `hzbook.sphinx` (chapter downloads, the student edition, offline HTML, the Chinese
edition's translated pages), loaded by `_config.yml`. What must be re-executed or rebuilt is decided in one place, `hzbook.plan`.
The data and the analysis live in `hzlib`; hzbook only builds, prints and checks the book.
"""

"""The finance notebook runs from top to bottom on the installed package, so it cannot rot."""

from __future__ import annotations

import nbformat
from nbclient import NotebookClient

from conftest import ROOT

NOTEBOOK = ROOT / "examples" / "notebooks" / "qwen_switch.ipynb"


def test_notebook_executes_and_answers_the_question() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    text = []
    images = 0
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            assert out.get("output_type") != "error", out
            data = out.get("data", {})
            images += "image/png" in data
            text.append(out.get("text", "") + data.get("text/plain", "") + data.get("text/html", ""))
    joined = "\n".join(text)
    assert images >= 4  # cost by meter, cache sensitivity, claim line, cumulative savings
    assert "times our traffic" in joined
    assert "alibaba-cn/qwen3.7-max" in joined and "exchange rate" in joined
    assert "the policy costs" in joined  # the price of a data policy
    assert "own 8x H200 servers costs the same as the API" in joined  # break-even against GPT-4.1
    assert images >= 5  # ... and the break-even curves
    assert "as logged" in joined and "alibaba-cn/qwen3.7-max" in joined  # last month priced again
    assert "hour-by-weekday shape explains" in joined

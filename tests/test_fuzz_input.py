"""Arbitrary input never breaks the reader or the loader: it only produces diagnostics."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.scenario import check_scenario
from game.scenario.yamlsource import decode, parse_yaml
from tests.conftest import MINI

YAMLISH = st.text(alphabet=st.sampled_from(list("ab:-[]{}&*!|>'\"#%@`, \n\t?1\\")), max_size=120)
FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FAST
@given(YAMLISH)
def test_yaml_reader_only_reports(text):
    _, diags = parse_yaml(text, "fuzz.yaml")
    for d in diags:
        assert d.path == "fuzz.yaml" and d.line >= 1 and d.col >= 1


@FAST
@given(st.binary(max_size=200))
def test_any_bytes_decode_or_report(data):
    text, diags = decode("fuzz.yaml", data)
    assert (text is None) == bool(diags)


@FAST
@given(YAMLISH)
def test_loader_only_reports_on_a_broken_content_file(tmp_path, text):
    folder = tmp_path / "fuzz"
    folder.mkdir(exist_ok=True)
    (folder / "scenario.yaml").write_text((MINI / "scenario.yaml").read_text())
    (folder / "content.yaml").write_text((MINI / "content.yaml").read_text())
    (folder / "extra.yaml").write_text(text)
    scenario, diags = check_scenario(str(folder))
    assert scenario is not None or any(d.severity == "error" for d in diags)

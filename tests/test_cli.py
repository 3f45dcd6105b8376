"""The CLI end to end on temporary workspaces (subprocess where it matters, in-process elsewhere)."""

import json

import pytest

from tests.conftest import ENGINE, run_ectui, store_of
from tests.postgres_server import OWNER


def test_check_on_a_new_workspace_seeds_document_figures(workspace, cli):
    code, out, err = cli("check", "--workspace", workspace)
    assert code == 0, err
    assert "21 targets" in out and "48 revisions" in out


def test_history_shows_the_plan_figure_then_a_new_revision(workspace):
    r = run_ectui("history", "quanzhou", "电子商务交易额", "--format", "json", "--workspace", workspace)
    assert r.returncode == 0, r.stderr
    revs = json.loads(r.stdout)["revisions"]
    assert [(x["year"], x["value"]) for x in revs] == [(2011, 482.53)]
    assert "泉州市电子商务发展规划" in revs[0]["source"]

    r = run_ectui("set", "quanzhou", "ec_transactions", "1,950亿元", "--year", "2015", "--workspace", workspace)
    assert r.returncode == 0, r.stderr.decode()
    assert "1,950亿元" in r.stdout.decode()
    r = run_ectui("history", "Quanzhou", "E-commerce transactions", "--workspace", workspace, env={"COLUMNS": "120"})
    out = r.stdout.decode()
    assert "482.53亿元" in out and "1,950亿元" in out and "2015" in out
    import getpass
    assert (getpass.getuser() if ENGINE == "sqlite" else OWNER) in out  # on PostgreSQL: the role, not the OS user


def test_set_keeps_the_qualifier_and_the_entered_text(workspace, cli):
    assert cli("set", "泉州", "taobao_shops", "超过８万家", "--year", "2013", "--source", "淘宝", "-w", workspace)[0] == 0
    code, out, _ = cli("history", "quanzhou", "taobao_shops", "--format", "json", "-w", workspace)
    last = json.loads(out)["revisions"][-1]
    assert (last["value"], last["qualifier"], last["entered"], last["source"]) == (80000.0, "超过", "超过８万家", "淘宝")


@pytest.mark.parametrize("args,words", [
    (("set", "quanzhouu", "ec_transactions", "1", "--year", "2015"), ["unknown region", "did you mean 'quanzhou'"]),
    (("set", "quanzhou", "ec_transactions", "5万人", "--year", "2015"), ["人", "亿元"]),
    (("set", "quanzhou", "ec_transactions", "NaN", "--year", "2015"), ["not a number"]),
    (("set", "quanzhou", "ec_transactions", "5", "--year", "20x5"), ["year"]),
    (("retract", "quanzhou", "ec_transactions", "--year", "2014"), ["nothing to retract"]),
])
def test_rejections_exit_1_with_a_message(workspace, cli, args, words):
    cli("check", "-w", workspace)
    before = store_of(workspace).count()
    code, out, err = cli(*args, "-w", workspace)
    assert code == 1
    for w in words:
        assert w in err
    assert "Traceback" not in err
    after = store_of(workspace).count()
    assert after == before


def test_usage_errors_exit_2(workspace):
    r = run_ectui("set", "quanzhou", "-w", workspace)
    assert r.returncode == 2 and b"usage" in r.stderr


@pytest.mark.parametrize("command", ["set", "import", "history", "retract", "check", "where", "report"])
def test_every_command_has_help(command):
    r = run_ectui(command, "--help")
    assert r.returncode == 0 and b"usage: ectui " + command.encode() in r.stdout


def test_retract_then_history(workspace, cli):
    cli("set", "shanxi", "netizens", "1800万人", "--year", "2014", "-w", workspace)
    code, out, err = cli("retract", "shanxi", "netizens", "--year", "2014", "--note", "typo", "-w", workspace)
    assert code == 0, err
    code, out, _ = cli("history", "shanxi", "netizens", "--format", "json", "-w", workspace)
    values = [r["value"] for r in json.loads(out)["revisions"] if r["year"] == 2014]
    assert values == [1800.0, None]


GOOD_CSV = "region,indicator,year,value,unit,source,note\nquanzhou,ec_transactions,2013,900,亿元,统计局,\n泉州市,电子商务交易额,2014,\"1,300亿元\",,统计局,\n"


def test_import_all_or_nothing_names_every_bad_line(workspace, cli):
    cli("check", "-w", workspace)
    bad = workspace / "bad.csv"
    bad.write_text(GOOD_CSV + "quanzhou,ec_transactions,2015,lots,,,\nnowhere,ec_transactions,2015,1,,,\n", encoding="utf-8")
    code, out, err = cli("import", bad, "-w", workspace)
    assert code == 1
    assert f"{bad}:4:" in err and "not a number" in err
    assert f"{bad}:5:" in err and "unknown region 'nowhere'" in err
    assert "nothing imported: 2 bad row(s) of 4" in err
    assert store_of(workspace).count() == 48


def test_import_good_file_dry_run_and_stdin(workspace, cli):
    good = workspace / "good.csv"
    good.write_text(GOOD_CSV, encoding="utf-8")
    code, out, _ = cli("import", good, "--dry-run", "-w", workspace)
    assert code == 0 and "2 row(s) ok, nothing written" in out
    assert cli("check", "-w", workspace)[1].count("48 revisions") == 1
    r = run_ectui("import", "-", "-w", workspace, input=GOOD_CSV.encode("utf-8"))
    assert r.returncode == 0, r.stderr
    code, out, _ = cli("history", "quanzhou", "ec_transactions", "--format", "json", "-w", workspace)
    assert [(x["year"], x["value"], x["source"]) for x in json.loads(out)["revisions"]][1:] == [
        (2013, 900.0, "统计局"), (2014, 1300.0, "统计局")]


def test_import_bom_gbk_blank_lines(workspace, cli):
    f = workspace / "gbk.csv"
    f.write_bytes(("region,indicator,year,value\n\n泉州市,电子商务交易额,2013,900亿元\n\n").encode("gb18030"))
    code, out, err = cli("import", f, "-w", workspace)
    assert code == 0 and "GB18030" in err
    f.write_bytes(b"\xef\xbb\xbf" + "region,indicator,year,value\nquanzhou,ec_transactions,2014,1000\n".encode())
    assert cli("import", f, "-w", workspace)[0] == 0


@pytest.mark.parametrize("content,words", [
    ("region,indicator,value\nquanzhou,ec_transactions,1\n", ["missing column(s) year"]),
    ("region,indicator,year,value,colour\n", ["unknown column(s) 'colour'"]),
    ("", ["empty"]),
    ("region,indicator,year,value\n", ["no data rows"]),
    ("region,indicator,year,value\nquanzhou,ec_transactions,2013\n", [":2:", "3 fields, expected 4"]),
])
def test_import_file_problems(workspace, cli, content, words):
    f = workspace / "x.csv"
    f.write_text(content, encoding="utf-8")
    code, out, err = cli("import", f, "-w", workspace)
    assert code == 1
    for w in words:
        assert w in err


def test_where_and_env_workspace(workspace):
    r = run_ectui("where", env={"ECTUI_HOME": str(workspace)})
    out = r.stdout.decode()
    assert r.returncode == 0 and str(workspace) in out and "$ECTUI_HOME" in out


def test_workspace_found_from_a_subfolder(workspace):
    sub = workspace / "a" / "b"
    sub.mkdir(parents=True)
    r = run_ectui("where", cwd=sub)
    assert f"workspace: {workspace}" in r.stdout.decode()


def test_default_workspace_is_created_from_the_bundled_targets(tmp_path):
    home = tmp_path / "home"
    r = run_ectui("check", cwd=tmp_path, env={"XDG_DATA_HOME": str(home), "HOME": str(tmp_path)})
    assert r.returncode == 0, r.stderr
    assert (home / "ectui" / "targets.toml").exists() and (home / "ectui" / "ectui.db").exists()


def test_bad_targets_override_exits_2(workspace, cli):
    code, out, err = cli("check", "--targets", workspace / "missing.toml", "-w", workspace)
    assert code == 2 and "file not found" in err


def test_editors_list_refuses_other_users(mini_workspace, cli):
    ws = mini_workspace()
    text = (ws / "targets.toml").read_text(encoding="utf-8").replace(
        'name_en = "Testland"', 'name_en = "Testland"\neditors = ["somebody-else"]', 1)
    (ws / "targets.toml").write_text(text, encoding="utf-8")
    code, out, err = cli("set", "r", "money", "5亿元", "--year", "2012", "-w", ws)
    assert code == 1 and "not an editor" in err


def test_import_unit_column_converts_bare_numbers(workspace, cli):
    f = workspace / "u.csv"
    f.write_text("region,indicator,year,value,unit\ncn,ec_transactions,2014,18,万亿元\ncn,netizens,2014,6.49亿,\n",
                 encoding="utf-8")
    assert cli("import", f, "-w", workspace)[0] == 0
    code, out, _ = cli("report", "--format", "json", "-w", workspace)
    row = next(r for r in json.loads(out)["rows"] if r["plan"] == "cn-12th" and r["indicator"] == "ec_transactions")
    assert row["latest_value"] == 180000.0 and row["eval_year"] == 2014
    code, out, _ = cli("history", "cn", "netizens", "--format", "json", "-w", workspace)
    assert json.loads(out)["revisions"][-1]["value"] == 64900.0


def test_the_dashboard_fallback_report_has_the_report_defaults():
    """Off a terminal, `ectui -w ws` prints what `ectui -w ws report` prints."""
    from ectui.cli.parser import build_parser, default_report_args
    fallback = default_report_args(build_parser().parse_args(["-w", "ws"]))
    assert fallback == build_parser().parse_args(["-w", "ws", "report"])


@pytest.mark.parametrize("argv", [
    [], ["-w", "ws"], ["-w", "ws", "report", "--format=json", "-r", "fj", "-r", "zj"],
    ["report", "-w", "x", "--as-of", "2014"], ["--workspace=report", "where"], ["-w", "set", "report"],
    ["--db", "report", "check", "--list"], ["set", "cn", "netizens", "7亿", "-y", "2015", "-s", "公报"],
    ["report", "-h"], ["-h"], ["-h", "report"], ["-w", "ws", "--help", "set"], ["--version", "report"],
    ["--version"], ["-w"], ["bogus"], ["report", "--format", "pdf"],
    ["set", "cn"], ["report", "--as-of", "soon"], ["import", "--dry-run", "-", "--source", "x"],
])
def test_the_parser_built_for_one_command_answers_as_the_whole_parser(argv, capsys):
    """parse_command_line builds only the command's parser; namespace, help, errors and exit
    codes are those of the parser with every command."""
    from ectui.cli.parser import build_parser, parse_command_line

    def outcome(parse):
        try:
            result = ("namespace", vars(parse(list(argv))))
        except SystemExit as exc:
            result = ("exit", exc.code)
        return result, capsys.readouterr()

    assert outcome(parse_command_line) == outcome(build_parser().parse_args)


def test_help_still_lists_every_command(capsys):
    from ectui.cli import main
    from ectui.cli.parser import COMMAND_LINES
    with pytest.raises(SystemExit):
        main(["--help"])
    text = capsys.readouterr().out
    assert all(f"    {name} " in text for name in COMMAND_LINES), text
    with pytest.raises(SystemExit):
        main(["report", "--help"])
    assert "--fail-on" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["nonsense"])
    assert "invalid choice: 'nonsense'" in capsys.readouterr().err


def test_the_database_comes_from_db_then_ectui_db_then_the_workspace_config(workspace, monkeypatch):
    (workspace / "ectui.toml").write_text('[store]\nurl = "data.db"\n', encoding="utf-8")
    where = run_ectui("where", "-w", workspace).stdout.decode()
    assert f"database:  SQLite {workspace / 'data.db'}  (ectui.toml [store] url)" in where
    where = run_ectui("where", "-w", workspace, env={"ECTUI_DB": str(workspace / "env.db")}).stdout.decode()
    assert f"database:  SQLite {workspace / 'env.db'}  ($ECTUI_DB)" in where
    where = run_ectui("where", "-w", workspace, "--db", workspace / "flag.db",
                      env={"ECTUI_DB": str(workspace / "env.db")}).stdout.decode()
    assert f"database:  SQLite {workspace / 'flag.db'}  (--db)" in where
    (workspace / "ectui.toml").write_text('[store]\nurl = 5\n', encoding="utf-8")
    bad = run_ectui("where", "-w", workspace)
    assert bad.returncode == 2 and "[store] url must be text" in bad.stderr.decode()
    (workspace / "ectui.toml").write_text('[store\n', encoding="utf-8")
    bad = run_ectui("where", "-w", workspace)
    assert bad.returncode == 2 and "ectui.toml: cannot be read" in bad.stderr.decode()

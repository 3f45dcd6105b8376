"""`ectui serve`: the dashboard in a browser, through textual-serve.

Each browser tab runs `ectui` (the dashboard) in a process of its own under textual-serve's web
driver, on this workspace. There is no login: the server binds to the loopback address unless
``--host`` says otherwise, and the way to reach it from another machine is an SSH tunnel.
"""

from __future__ import annotations

import argparse
import shlex
import socket
import sys

from ectui.cli.common import EXIT_OK, EXIT_USAGE, Failure, err, load

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def cmd_serve(args: argparse.Namespace) -> int:
    ws, _catalog = load(args)  # a bad workspace is refused here, not in every browser tab
    try:
        from textual_serve.server import Server
    except ImportError:  # pragma: no cover - a dependency; a broken install
        raise Failure("ectui serve needs textual-serve: pip install textual-serve") from None
    _check_port(args.host, args.port)
    command = [sys.executable, "-m", "ectui", "-w", ws.root]
    for flag, value in (("--targets", args.targets), ("--db", args.db)):
        if value:
            command += [flag, value]
    url = f"http://{'localhost' if args.host in LOOPBACK else args.host}:{args.port}"
    err(f"serving the dashboard of {ws.root} at {url} (Ctrl-C stops it)")
    err("warning: there is no login — anyone who can reach this port can read the figures and record new ones"
        + ("" if args.host in LOOPBACK else f"; it listens on {args.host}, beyond this machine"))
    err(f"from another machine, use an SSH tunnel: ssh -L {args.port}:localhost:{args.port} SERVER ectui serve")
    Server(shlex.join(command), host=args.host, port=args.port, title="ectui", public_url=url).serve()
    return EXIT_OK


def _check_port(host: str, port: int) -> None:
    """A clear message now for a port another program holds (textual-serve would print a traceback)."""
    if not 0 < port < 65536:
        raise Failure(f"--port {port}: use a port between 1 and 65535", EXIT_USAGE)
    try:
        with socket.create_server((host, port)):
            pass
    except OSError as exc:
        raise Failure(f"cannot listen on {host}:{port} ({exc.strerror}); choose another --port") from None

"""The kernel zygote: kernels forked from a pre-imported process, each fresh and isolated."""

from __future__ import annotations

import ast
import json
import os
import sys
from pathlib import Path

import pytest

from analysis.build.coordinator import kernel_env
from analysis.build.kernels import ForkedProcess, KernelPool, release
from analysis.build.zygote import (
    BLANK_FIGURES,
    Zygote,
    ZygoteAddress,
    ZygoteError,
    interpreter_argv,
    spec_argv,
    supported,
)

ROOT = Path(__file__).resolve().parents[1]
KERNEL_ARGV = [sys.executable, "-Xfrozen_modules=off", "-m", "ipykernel_launcher", "-f", "{connection_file}"]


def test_interpreter_argv_is_what_comes_before_the_launcher():
    assert interpreter_argv(KERNEL_ARGV) == [sys.executable, "-Xfrozen_modules=off"]
    assert interpreter_argv(["python", "-m", "ipykernel_launcher"]) == ["python"]
    assert interpreter_argv(["R", "--slave", "-e", "IRkernel::main()"]) is None
    assert interpreter_argv(["-m", "ipykernel_launcher"]) is None


def test_address_serves_only_identical_launches():
    env = {"PYTHONPATH": "/code", "PYTHONHASHSEED": "0"}
    prefix = (sys.executable, "-Xfrozen_modules=off")
    address = ZygoteAddress("/nowhere.sock", prefix, tuple(sorted(env.items())))
    cmd = [*KERNEL_ARGV[:-1], "/tmp/k.json"]
    assert address.serves(cmd, {**env, "JPY_PARENT_PID": "42", "JPY_SESSION_NAME": "x"})
    assert not address.serves(cmd, {**env, "PYTHONHASHSEED": "1"})  # interpreter start-up differs
    assert not address.serves(cmd, {**env, "EXTRA": "1"})
    assert not address.serves(cmd, {"PYTHONPATH": "/code"})
    assert not address.serves(["/other/python", "-Xfrozen_modules=off", *cmd[2:]], env)
    assert not address.serves(["/bin/false"], env)
    with pytest.raises(ZygoteError, match="did not fork"):
        address.fork(cmd, env, "/tmp")


def _spec_argv() -> list[str]:
    """The python3 kernel spec's argv, as the build reads it."""
    from jupyter_client.kernelspec import KernelSpecManager

    return KernelSpecManager().get_kernel_spec("python3").argv


def test_spec_argv_finds_the_spec_jupyter_client_finds(tmp_path, monkeypatch):
    from jupyter_client.kernelspec import KernelSpecManager

    assert spec_argv("python3") == _spec_argv()
    assert spec_argv("no-such-kernel") is None
    # a spec earlier on Jupyter's path wins, for both
    spec = tmp_path / "kernels" / "python3"
    spec.mkdir(parents=True)
    argv = [sys.executable, "-X", "dev", "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    (spec / "kernel.json").write_text(json.dumps({"argv": argv, "display_name": "x", "language": "python"}))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))
    assert spec_argv("Python3") == argv == KernelSpecManager().get_kernel_spec("python3").argv


def _ask(km, expression: str):
    """Evaluate ``expression`` in the kernel and return it (through ``repr``/``literal_eval``)."""
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=60)
        msg_id = kc.execute("", silent=True, user_expressions={"x": expression})
        while True:
            reply = kc.get_shell_msg(timeout=60)
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        value = reply["content"]["user_expressions"]["x"]
        assert value["status"] == "ok", value
        return ast.literal_eval(value["data"]["text/plain"])
    finally:
        kc.stop_channels()


def _stream_text(kc, msg_id: str) -> str:
    """The stream output of request ``msg_id``, read from IOPub (of an async client) up to its idle status."""
    from jupyter_core.utils import run_sync

    text = ""
    while True:
        msg = run_sync(kc.get_iopub_msg)(timeout=60)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "stream":
            text += msg["content"]["text"]
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return text


def _run(km, code: str) -> None:
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=60)
        reply = kc.execute_interactive(code, timeout=60)
        assert reply["content"]["status"] == "ok", reply["content"]
    finally:
        kc.stop_channels()


FACTS = (
    "(os.getppid(), os.getsid(0) == os.getpid(), os.getcwd(), os.environ.get('PYTHONHASHSEED'),"
    " os.path.basename(sys.argv[0]), 'pandas' in sys.modules, 'analysis.pipeline' in sys.modules,"
    " 'secret' in globals())"
)


@pytest.mark.skipif(not supported(), reason="the zygote needs Linux (fork and pidfd)")
def test_kernels_fork_from_the_zygote_fresh_and_isolated(tmp_path, monkeypatch):
    for name in (
        "MALLOC_MMAP_THRESHOLD_",
        "MALLOC_TRIM_THRESHOLD_",
        "ARROW_DEFAULT_MEMORY_POOL",
    ):  # as set by the build, not by
        monkeypatch.delenv(name, raising=False)  # whatever ran in this process before (Dask sets one)
    env = kernel_env(ROOT)
    zygote = Zygote.start(_spec_argv(), env, ("pandas", "analysis.pipeline"))
    assert zygote is not None
    pool = KernelPool(env=env, warm="import os, sys\n", zygote=zygote.address)
    leases = []
    try:
        a, b = tmp_path / "a", tmp_path / "b"
        a.mkdir()
        b.mkdir()
        lease1 = pool.acquire("python3", a)
        leases.append(lease1)
        km1 = lease1.km
        # the client handed out is asynchronous (nbclient then polls the kernel's liveness and
        # honours timeouts), connected and drained: nothing unread, and output reaches it
        from jupyter_client.asynchronous import AsyncKernelClient
        from jupyter_core.utils import run_sync

        assert isinstance(lease1.kc, AsyncKernelClient) and lease1.kc.parent is km1
        assert not run_sync(lease1.kc.iopub_channel.msg_ready)()
        assert not run_sync(lease1.kc.shell_channel.msg_ready)()
        assert _stream_text(lease1.kc, lease1.kc.execute("print('ready')")) == "ready\n"
        assert isinstance(km1.provisioner.process, ForkedProcess)
        _run(km1, "secret = 1")
        ppid, own_session, cwd, seed, argv0, pandas, analysis, _ = _ask(km1, FACTS)
        assert ppid == zygote.proc.pid and own_session
        assert Path(cwd) == a and seed == "0" and argv0 == "ipykernel_launcher.py"
        assert pandas and analysis  # imported once, in the zygote
        assert _ask(km1, "get_ipython().history_manager.enabled") is False  # no ~/.ipython history
        # glibc malloc keeps freed blocks (set when the zygote started, so forked kernels have it)
        assert _ask(km1, "int(os.environ['MALLOC_TRIM_THRESHOLD_'])") == 256 << 20
        # Arrow allocates from that heap too (its pool is chosen when pyarrow is first imported)
        assert _ask(km1, "__import__('pyarrow').default_memory_pool().backend_name") == "system"
        # the kernel collects garbage again, but never walks the zygote's (frozen) objects
        assert _ask(km1, "(__import__('gc').isenabled(), __import__('gc').get_freeze_count() > 10000)") == (
            True,
            True,
        )
        # each kernel has its own copy of the blank figures the zygote made, and takes from it
        blanks = "len(__import__('analysis.figures').figures._BLANKS)"
        assert _ask(km1, blanks) == BLANK_FIGURES
        # (through ReportOutput, as a report does: its style settings leave the blanks usable)
        _run(
            km1,
            "from analysis import figures, report\n"
            "out = report.ReportOutput(None, display=lambda obj: None)\n"
            "out.figure(figures.plot_tone_distribution(None), 'tone', 'caption')",
        )
        assert _ask(km1, blanks) == BLANK_FIGURES - 1
        lease2 = pool.acquire("python3", b)
        leases.append(lease2)
        km2 = lease2.km
        facts2 = _ask(km2, FACTS)
        assert facts2[0] == zygote.proc.pid and Path(facts2[2]) == b
        assert facts2[7] is False  # nothing leaks from one job's kernel to the next
        assert _ask(km2, blanks) == BLANK_FIGURES
        assert km1.provisioner.pid != km2.provisioner.pid
        process = km1.provisioner.process
        release(lease1)
        assert process.poll() is not None  # the kernel is gone: never reused
        assert pool.starts == 2
    finally:
        for lease in leases:
            release(lease)
        pool.close()
        zygote.close()
    assert zygote.proc.returncode is not None  # the zygote exits when its owner closes it
    assert not os.path.exists(zygote.address.socket_path)


def test_pool_launches_normally_when_the_zygote_is_gone(tmp_path):
    env = kernel_env(ROOT)
    prefix = tuple(interpreter_argv(KERNEL_ARGV) or ())
    gone = ZygoteAddress(str(tmp_path / "missing.sock"), prefix, tuple(sorted(env.items())))
    pool = KernelPool(env=env, warm="import os\n", zygote=gone)
    lease = pool.acquire("python3", tmp_path)
    km = lease.km
    try:
        assert not isinstance(km.provisioner.process, ForkedProcess)
        assert _ask(km, "os.getppid()") == os.getpid()
        assert _ask(km, "get_ipython().history_manager.enabled") is False
    finally:
        release(lease)
        pool.close()


@pytest.mark.skipif(not supported(), reason="the zygote needs Linux (fork and pidfd)")
def test_forked_kernel_ends_with_its_owner(tmp_path):
    import subprocess
    import time

    from jupyter_client.connect import write_connection_file

    env = kernel_env(ROOT)
    argv = _spec_argv()
    zygote = Zygote.start(argv, env, ())
    assert zygote is not None
    owner = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        cf, _ = write_connection_file(str(tmp_path / "k.json"), transport="ipc", ip=str(tmp_path / "k"))
        cmd = [a.replace("{connection_file}", cf) for a in argv]
        pid = zygote.address.fork(cmd, {**env, "JPY_PARENT_PID": str(owner.pid)}, str(tmp_path))
        process = ForkedProcess(pid)
        time.sleep(0.5)
        assert process.poll() is None  # running while its owner lives
        owner.kill()
        owner.wait()
        process.wait(timeout=10)  # and gone once the owner is
    finally:
        owner.kill()
        zygote.close()


@pytest.mark.skipif(not supported(), reason="the zygote needs Linux (fork and pidfd)")
def test_iopub_sync_asks_the_kernel_again_when_the_status_never_comes():
    # A client that subscribed late misses the status it waits for: it must ask again, not hang.
    from analysis.build.kernels import _shutdown, _sync_iopub, _wait_reply

    env = kernel_env(ROOT)
    zygote = Zygote.start(_spec_argv(), env, ())
    assert zygote is not None
    pool = KernelPool(env=env, warm="pass\n", zygote=zygote.address)
    spare = pool._launch("python3")
    try:
        _wait_reply(spare, spare.msg_id)
        asked = []
        kernel_info = spare.kc.kernel_info
        spare.kc.kernel_info = lambda: asked.append(kernel_info()) or asked[-1]
        _sync_iopub(spare, "a-request-whose-status-was-missed")
        assert len(asked) == 1
        from jupyter_core.utils import run_sync

        assert not run_sync(spare.kc.iopub_channel.msg_ready)()  # read up to that request's idle status
    finally:
        _shutdown(spare.km, spare.kc)
        pool.close()
        zygote.close()

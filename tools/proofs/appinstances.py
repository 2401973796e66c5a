"""What the proofs share: start the web app as its own process on a free port, wait until it is ready, and make sure
no instance outlives the proof, whatever ends it (a failed check, an exception, SIGTERM)."""
import atexit, os, signal, socket, subprocess, sys, time, urllib.error, urllib.request

started = []


@atexit.register
def stop_all():
    for process in started:
        if process.poll() is None:
            process.kill()
            process.wait()


# A SIGTERM (a timeout, Ctrl+C from the shell script) ends the proof through the same clean-up.
signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(143))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(web, work, log_name, what="the web app"):
    """Starts `dotnet web` in `work`, logging to work/log_name; returns (process, url) once /health/ready answers 200."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log_path = os.path.join(work, log_name)
    log = open(log_path, "ab")
    proc = subprocess.Popen(["dotnet", web], cwd=work, env={**os.environ, "ASPNETCORE_URLS": url}, stdout=log, stderr=log)
    started.append(proc)
    for _ in range(480):
        try:
            with urllib.request.urlopen(url + "/health/ready", timeout=2) as r:
                if r.status == 200:
                    return proc, url
        except (urllib.error.URLError, ConnectionError, socket.timeout):
            pass
        if proc.poll() is not None:
            break
        time.sleep(0.25)
    sys.exit(f"{what} did not become ready; see {log_path}")

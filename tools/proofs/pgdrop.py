"""Drops a throwaway PostgreSQL database named in an Npgsql connection string (tools/proofs), with psql."""
import os, shutil, subprocess, sys

conn, database = sys.argv[1], sys.argv[2]
parts = dict(p.split("=", 1) for p in conn.split(";") if "=" in p)
keys = {k.lower(): v for k, v in parts.items()}
psql = shutil.which("psql") or next((os.path.join(d, "psql") for d in sorted(os.listdir("/usr/lib/postgresql"), reverse=True) for d in ["/usr/lib/postgresql/" + d + "/bin"] if os.path.exists(os.path.join(d, "psql"))), None)
if psql is None:
    sys.exit("psql is missing: the throwaway database " + database + " was left on the server")
env = {**os.environ, "PGPASSWORD": keys.get("password", "")}
subprocess.run([psql, "-h", keys.get("host", "127.0.0.1"), "-p", keys.get("port", "5432"), "-U", keys.get("username", "postgres"), "-d", "postgres", "-q",
                "-c", f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'], env=env, check=True)

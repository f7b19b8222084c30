# gds's SQL engine runner: one JSON request per line on stdin, one JSON answer per line on
# stdout. Arguments: engine (duckdb | spark), Spark master, threads.
# A request {"statements": [...]} runs each statement; the answer {"results": [rows, ...]}
# gives every value as text (null stays null), or {"error": ..., "statement": i}.
# Answers go to a private copy of stdout; file descriptor 1 itself is pointed at stderr, so
# whatever an engine prints (DuckDB's progress bar on a long query, a JVM's banner) can never
# be read as an answer.
import json
import os
import sys


def text(v):
    return None if v is None else str(v)


def main():
    engine, master, threads = sys.argv[1], sys.argv[2], int(sys.argv[3])
    out = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    try:
        if engine == "duckdb":
            import duckdb

            con = duckdb.connect(config={"threads": threads})
            con.execute("SET enable_progress_bar = false")
            version = duckdb.__version__

            def run(q):
                cur = con.execute(q)
                return cur.fetchall() if cur.description else []

        else:
            os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
            from pyspark.sql import SparkSession

            b = SparkSession.builder.appName("gds")
            if not master.startswith("sc://"):
                b = b.master(master)
            else:
                b = b.remote(master)
            spark = (
                b.config("spark.sql.ansi.enabled", "true")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", str(max(threads, 1)))
                .getOrCreate()
            )
            spark.sparkContext.setLogLevel("ERROR") if not master.startswith("sc://") else None
            version = spark.version

            def run(q):
                return [tuple(r) for r in spark.sql(q).collect()]

    except Exception as e:  # the engine is missing or does not start
        out.write(json.dumps({"error": f"{type(e).__name__}: {e}"}) + "\n")
        out.flush()
        return
    out.write(json.dumps({"version": version}) + "\n")
    out.flush()
    for line in sys.stdin:
        req = json.loads(line)
        if req.get("quit"):
            break
        results = []
        answer = None
        for i, q in enumerate(req["statements"]):
            if q.lstrip().startswith("--"):
                results.append([])
                continue
            try:
                rows = run(q)
            except Exception as e:
                answer = {"error": f"{type(e).__name__}: {e}", "statement": i}
                break
            results.append([[text(v) for v in r] for r in rows])
        out.write(json.dumps(answer or {"results": results}) + "\n")
        out.flush()


main()

"""openpyxl on the same 资产登记 file as benches/excel.rs, for comparison.

    python3 benches/openpyxl_bench.py FILE.xlsx OUT.xlsx [RUNS]

Reads FILE with read_only=True touching every cell, and writes the same cells (title, header,
rows) to OUT with write_only=True; prints one JSON line {"read_s": median, "write_s": median}.
Called by `cargo bench --bench excel`; runnable alone.
"""
import json
import statistics
import sys
import time

import openpyxl


def read(path):
    wb = openpyxl.load_workbook(path, read_only=True)
    rows = []
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            rows.append(row)
    wb.close()
    return rows


def write(rows, out):
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("资产登记")
    for row in rows:
        ws.append(row)
    wb.save(out)


def main():
    path, out = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    reads, writes = [], []
    rows = None
    for _ in range(runs):
        t = time.perf_counter()
        rows = read(path)
        reads.append(time.perf_counter() - t)
        t = time.perf_counter()
        write(rows, out)
        writes.append(time.perf_counter() - t)
    print(json.dumps({"read_s": statistics.median(reads), "write_s": statistics.median(writes), "rows": len(rows)}))


if __name__ == "__main__":
    main()

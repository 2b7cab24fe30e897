"""Run the same call in two threads at (nearly) the same moment, as two browser tabs or two workers
would. Use in `transaction=True` tests: each thread has its own database connection."""

import threading

from django.db import connection


def race(call, times: int = 2) -> tuple[list, list]:
    """Start `call` in `times` threads released together; return (results, errors)."""
    barrier = threading.Barrier(times)
    results, errors = [], []

    def run():
        try:
            barrier.wait()
            results.append(call())
        except Exception as error:  # noqa: BLE001 - the caller asserts on the errors
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors

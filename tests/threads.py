"""Work started at the same moment in several threads, each with its own database connection."""

import threading

from django.db import connection


def run_at_once(count, work):
    """Run ``work(i)`` in ``count`` threads released together; return what each returned (or
    the exception it raised)."""
    barrier = threading.Barrier(count)
    results = [None] * count

    def run(index):
        try:
            barrier.wait()
            results[index] = work(index)
        except Exception as error:
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results

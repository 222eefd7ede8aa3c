"""Index writers whose helper processes end with the process that started them.

A fresh build writes with two processes (whoosh.multiproc). Whoosh's helpers
wait on a queue for ever and inherit the index's lock, so after a `kill -9`
of `papers` they would keep the index locked and every later `papers index`
waiting. Here each helper asks the kernel to end it when its parent dies.
"""

from __future__ import annotations

import os
from typing import Any

from whoosh.index import FileIndex
from whoosh.multiproc import MpWriter, SubWriterTask
from whoosh.writing import SegmentWriter

from indexer.lifeline import die_with_parent


class _SubWriter(SubWriterTask):
    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.parent_pid = os.getpid()  # here, before the fork: the parent may die first

    def run(self) -> None:
        die_with_parent(parent_pid=self.parent_pid)
        super().run()


class _MpWriter(MpWriter):
    def _new_task(self) -> _SubWriter:
        task = _SubWriter(
            self.storage,
            self.indexname,
            self.jobqueue,
            self.resultqueue,
            self.subargs,
            self.multisegment,
        )
        self.tasks.append(task)
        task.start()
        return task


def open_writer(ix: FileIndex, **options: Any) -> SegmentWriter:
    """`ix.writer(**options)`, with helper processes (`procs` > 1) that die with us."""
    if int(options.get("procs", 1)) > 1:
        return _MpWriter(ix, **options)
    return ix.writer(**options)

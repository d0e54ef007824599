"""Rasa's prediction graph, run node after node without dask.

Rasa 3.6 runs every parse through `DaskGraphRunner`: per message it prunes the graph
schema to the target, builds a dask task graph and lets dask's scheduler order and run
it. Our prediction graph is a chain of a dozen nodes on one thread, so that machinery
only costs time: about 2.5 of the 20 ms an NLU parse took on this machine.

`SequentialGraphRunner` keeps Rasa's runner (it is a `DaskGraphRunner`, so nodes,
hooks and errors are the same) and changes only `run`: the order of the nodes a target
needs is worked out once per set of targets, and each node is called with its parents'
outputs, exactly as dask passes them (a parent that was not run is passed as its name).
`install()` makes Rasa's message processor load models with it; `bot serve rasa` and
the in-process NLU tools (`python -m bot nlu ...`) call it. Training keeps dask.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.exceptions import GraphRunError
from rasa.engine.graph import ExecutionContext, GraphNodeHook, GraphSchema
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.engine.storage.storage import ModelStorage

# A node to run, and the names of the nodes or inputs it reads, in its `needs` order.
Step = tuple[str, tuple[str, ...]]


class SequentialGraphRunner(DaskGraphRunner):
    """Runs the nodes a target needs in dependency order, one after the other."""

    def __init__(
        self,
        graph_schema: GraphSchema,
        model_storage: ModelStorage,
        execution_context: ExecutionContext,
        hooks: list[GraphNodeHook] | None = None,
    ) -> None:
        super().__init__(graph_schema, model_storage, execution_context, hooks)
        self._plans: dict[tuple[str, ...], list[Step]] = {}

    def run(
        self,
        inputs: dict[str, Any] | None = None,
        targets: list[str] | None = None,
    ) -> dict[str, Any]:
        """Runs the graph (see `GraphRunner.run`): the same results as dask's run."""
        run_targets = list(targets) if targets else self._graph_schema.target_names
        plan = self.plan(run_targets)
        outputs: dict[str, Any] = {}
        for name, value in (inputs or {}).items():
            if isinstance(value, str) and any(value == step[0] for step in plan):
                raise GraphRunError(
                    f"Input value '{value}' clashes with a node name. Make sure "
                    f"that none of the input names passed to the `run` method are the "
                    f"same as node names in the graph schema."
                )
            outputs[name] = (name, value)
        try:
            for name, needs in plan:
                if name in outputs:  # an input given under a node's name replaces it
                    continue
                node = self._instantiated_nodes[name]
                outputs[name] = node(*(outputs.get(need, need) for need in needs))
        except RuntimeError as error:
            raise GraphRunError("Error running runner.") from error
        return dict(outputs[target] for target in run_targets)

    def plan(self, targets: list[str]) -> list[Step]:
        """The nodes `targets` need, each after every node it reads (cached)."""
        key = tuple(targets)
        if key not in self._plans:
            self._plans[key] = dependency_order(self._graph_schema, targets)
        return self._plans[key]


def dependency_order(schema: GraphSchema, targets: list[str]) -> list[Step]:
    """The schema's nodes that `targets` depend on, parents first (depth-first)."""
    order: list[Step] = []
    placed: set[str] = set()
    visiting: set[str] = set()

    def place(name: str) -> None:
        if name in placed or name not in schema.nodes:
            return  # done already, or an input placeholder
        if name in visiting:
            raise GraphRunError(f"The graph has a cycle through node '{name}'.")
        visiting.add(name)
        needs = tuple(schema.nodes[name].needs.values())
        for need in needs:
            place(need)
        visiting.discard(name)
        placed.add(name)
        order.append((name, needs))

    for target in targets:
        place(target)
    return order


def install() -> None:
    """Make Rasa's message processor (server, agent) load models with this runner."""
    import rasa.core.processor

    rasa.core.processor.DaskGraphRunner = SequentialGraphRunner

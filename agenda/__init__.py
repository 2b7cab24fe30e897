"""The collaboration agenda of the stuurgroep (seed 003): priorities, kartrekkers, actions, progress and
its PDF. No models of its own: the agenda's tables belong to partners (their migrations stay there)."""

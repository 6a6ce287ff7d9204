"""Synthetic portal repositories: realistic, valid, deterministic records at national scale.

`danbiet synth` writes a complete repository (units, plans, conferences with petitions and their
follow-up, reports, the shipped rule profiles and calendars) and, unless told not to, a Git
history that publishes them week by week, for benchmarks and demonstrations.

    danbiet.synth.names     Vietnamese vocabularies (places, offices, petition texts)
    danbiet.synth.yamltext  a fast writer of the canonical record YAML (danbiet.fmt)
    danbiet.synth.generate  the units, their yearly schedules and every record's facts
    danbiet.synth.history   the Git history, streamed to one `git fast-import` process

Everything is fictional and nothing depends on the wall clock: the same options and seed give
byte-identical files and identical commit ids.
"""

from danbiet.synth.generate import Options, Summary, synthesize

__all__ = ["Options", "Summary", "synthesize"]

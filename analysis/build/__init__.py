"""Build reports: jobs → Papermill → nbconvert HTML → ``reports/<job>/`` and ``reports/index.html``.

The only part of ``analysis`` that knows Papermill or nbconvert, and it imports them lazily in
build worker processes: importing this package (or a no-op build) stays cheap.

Public API:
    load_config(config=None, *, base=None, output=None, code_root=None) -> BuildConfig
    build(config, *, jobs=1, force=False, only=(), dry_run=False, echo=print) -> BuildResult
    Job, BuildConfig, BuildResult, JobStatus, ConfigError
"""

from analysis.build.jobs import BuildConfig, ConfigError, Job, load_config
from analysis.build.runner import BuildResult, JobStatus, build

__all__ = ["BuildConfig", "BuildResult", "ConfigError", "Job", "JobStatus", "build", "load_config"]

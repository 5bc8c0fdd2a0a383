"""One module per provider API, each the same shape.

Constants first (``NAME``, limits, the error catalogue with the provider's exact texts, each
citing its seed section), then pure functions: ``build_*() -> Request``, ``check_*()`` returning
the :class:`~smscore.wire.Rejection` values the provider would give, ``parse_*(Response)`` returning
typed results, and ``run_vector(operation, input)`` for the conformance harness.

Modules: ``mgage_gateway`` (seed 000), ``mgage_export`` (seed 001), ``messangi`` (seed 002),
``acoustic`` (seed 003).
"""

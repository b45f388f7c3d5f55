"""Policy packs shipped with broca (TOML, see guardrails/POLICY.md)."""

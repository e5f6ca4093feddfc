"""`make demo` never runs in production: it would point a live install at fake Stripe and Resend."""

from tests.fakes import demo


def test_demo_refuses_production(monkeypatch, capsys):
    monkeypatch.setenv("APP_ENV", "production")
    assert demo.main() == 2
    assert "refuses APP_ENV=production" in capsys.readouterr().err

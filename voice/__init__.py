"""Quartierstelefon: the application factory."""

from __future__ import annotations

import logging
import os
from typing import Any

from flask import Flask

from voice import cli, protection
from voice import config as settings
from voice.admin import init_app as init_admin
from voice.calls import init_app as init_calls
from voice.centres import init_app as init_centres
from voice.db import db
from voice.health import bp as health_bp
from voice.home import bp as home_bp
from voice.screen import bp as screen_bp
from voice.speech import init_app as init_speech


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Create and configure the app: settings, database, prompts, blueprints, commands."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(settings.from_environment())
    if test_config:
        app.config.from_mapping(test_config)
    os.makedirs(app.instance_path, exist_ok=True)
    settings.finish(app.config, app.instance_path)
    if not app.debug and not app.testing:
        logging.basicConfig(
            level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
        )

    db.init_app(app)
    protection.init_app(app)  # first: its size limit must come before any form is read

    init_speech(app)
    init_centres(app)
    init_calls(app)
    if app.config["TELEPHONY_SIMULATED"]:
        # Imported only here: a server connected to Twilio never loads the simulator.
        from voice.reminders.web import bp as reminders_sim_bp

        app.register_blueprint(reminders_sim_bp)
    cli.init_app(app)
    init_admin(app)
    app.register_blueprint(home_bp)
    app.register_blueprint(screen_bp)
    app.register_blueprint(health_bp)

    return app

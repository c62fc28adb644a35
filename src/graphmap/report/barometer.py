def render_barometer_report(store, lang="fr"):
    raise NotImplementedError

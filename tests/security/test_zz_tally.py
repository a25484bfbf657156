from tests.security.test_fuzz_stateful import *  # noqa
from tests.security.test_fuzz_stateful import Checked, world_for, run_state_machine_as_test, fuzz_settings

def test_tally(database_url, settings):
    with world_for(settings, database_url) as world:
        run_state_machine_as_test(type("Fuzz", (Checked,), {"world": world}), settings=fuzz_settings())
    for k, v in sorted(world.tally.items()):
        print("TALLY", k, v)

"""One state, one var, one event: what any Reflex event costs before an app does anything."""

import reflex as rx


class CounterState(rx.State):
    count: int = 0

    @rx.event
    def increment(self):
        self.count += 1


def index() -> rx.Component:
    return rx.button(CounterState.count, on_click=CounterState.increment, id="count")


app = rx.App()
app.add_page(index)

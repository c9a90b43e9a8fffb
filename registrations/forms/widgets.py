"""Choice widgets that show every option but close some of them."""

from django import forms


class DisabledChoicesMixin:
    """Options in ``disabled_values`` are shown but cannot be picked, unless they
    are already chosen (a participant keeps a full session they hold).

    ``served_modes`` maps a value to the one attendance mode it serves, for the
    page's script (data-serves) that disables it while the other mode is chosen.
    """

    def __init__(self, *args, disabled_values=(), served_modes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.disabled_values = {str(value) for value in disabled_values}
        self.served_modes = {str(value): mode for value, mode in (served_modes or {}).items()}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if str(value) in self.disabled_values and not selected:
            option["attrs"]["disabled"] = True
        if str(value) in self.served_modes:
            option["attrs"]["data-serves"] = self.served_modes[str(value)]
        return option


class LimitedCheckboxes(DisabledChoicesMixin, forms.CheckboxSelectMultiple):
    pass


class LimitedRadios(DisabledChoicesMixin, forms.RadioSelect):
    pass

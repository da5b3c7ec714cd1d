"""Content of the review workflow (editorial.workflow) written through the API: experience sheets and
publications. The pages' workspace (editorial.workspace) lends its forms, its save and its steps,
so the API moves content exactly as the pages do."""

from typing import Any

from django.http import HttpRequest

from passerelles.accounts.permissions import can
from passerelles.editorial import workflow
from passerelles.editorial.forms import TransitionForm

from ..problems import Problem
from .common import TransitionIn, Writer, error

# The steps, in the API's words -> the pages' (the sheets' « confirmer » keeps its French address).
STEPS = {value: value for value in workflow.Transition.values}


class ReviewedWriter(Writer):
    workspace: Any = None  # the app's ReviewWorkspace
    steps: dict[str, str] = STEPS

    def may_create(self, identity, centre) -> bool:
        return workflow.may_create(identity, centre)

    def may_edit(self, identity, content) -> bool:
        return workflow.may_edit(identity, content)

    def save(self, request, changes, created: bool):
        return self.workspace.save(request.identity, changes, created)

    def state(self, content, identity) -> dict[str, Any]:
        names = {step: name for name, step in self.steps.items()}
        allowed = [names[t] for t in workflow.allowed_transitions(identity, content) if t in names]
        return {
            "slug": content.slug,
            "centre": content.centre.slug,
            "status": content.status,
            "status_label": content.get_status_display(),
            "transitions": allowed,
            "url": content.get_absolute_url(),
            "updated_at": content.updated_at,
            "review_comment": content.review_comment,
            "published_at": content.published_at,
        }

    def transition(self, request: HttpRequest, slug: str, payload: TransitionIn) -> dict:
        token, identity = request.auth, request.identity  # type: ignore[attr-defined]
        content = self.owned(slug, token, self.model.objects.select_related("centre"))
        step = self.steps.get(payload.transition)
        if step is None:
            allowed = ", ".join(f"« {name} »" for name in self.steps)
            raise Problem(422, errors=[error(["body", "transition"], f"Étape inconnue : choisissez {allowed}.")])
        said = TransitionForm({"comment": payload.comment})  # the pages' own: cleaned, 2,000 characters at most
        if not said.is_valid():
            raise Problem(422, errors=[error(["body", "comment"], message) for message in said.errors["comment"]])
        comment = said.cleaned_data["comment"]
        rule = workflow.RULES.get(step)
        if rule is not None and not can(identity, rule.action, content):
            workflow.refuse()
        if rule and rule.needs_comment and content.status in rule.sources and not comment.strip():
            message = "Expliquez à l'auteur ce qu'il faut reprendre : le commentaire est obligatoire."
            raise Problem(422, errors=[error(["body", "comment"], message)])
        try:
            done = self.workspace.transition(content, step, identity, comment)
        except workflow.WorkflowError as refused:
            raise Problem(409, detail=refused.message) from refused
        moved = self.model.objects.select_related("centre").get(pk=content.pk)
        return {**self.present(moved, identity), "message": done}

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def account_settings(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")


waiting = account_delete = manage = account_settings

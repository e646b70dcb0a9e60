from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def member_list(request: HttpRequest, member_id: int = 0) -> HttpResponse:
    return render(request, "core/home.html")


profile_detail = profile_edit = language_set = member_list

app_name = "term"
urlpatterns: list = []
